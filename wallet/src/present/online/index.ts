/**
 * The online answer (OpenID4VP 1.0 + DCQL), loaded by the page only when a worker reads an openid4vp://
 * link: the `dcql` library and its schemas add about 13 kB gzipped that the offline QR path never needs.
 */
export { homeServiceKeyResolver } from "./client-key.ts";
export { readOnlineRequest } from "./online-request.ts";
export { matchOnlineRequest } from "./dcql-match.ts";
export { sendOnlineAnswer, vpTokenOf } from "./send-answer.ts";
