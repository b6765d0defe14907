// The dependency-free client core: published SDKs copy this folder; the in-repo client uses wire.ts.
export { ApiError, NetworkError, isProblem, type ProblemDetails } from './errors';
export { paginate, type CursorPage } from './paginate';
export type { OperationRoute, OperationTable, QueryStyle, RequestInput } from './route';
export { SdkTransport, type SdkCallOptions as CallOptions, type Credential, type SdkOptions, type SecuritySchemes } from './sdk';
export type { ErrorOf, SuccessBody } from './types';
export { chooseRequestMediaType, declaredHeaders, encodeMultipart, isBinaryMedia, readEventStream, type ServerSentEvent } from './media';
