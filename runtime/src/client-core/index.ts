// The dependency-free client core: published SDKs copy this folder; the in-repo client uses wire.ts.
export { ApiError, NetworkError, isProblem, type ProblemDetails } from './errors';
export { paginate, type CursorPage } from './paginate';
export type { OperationRoute, OperationTable, QueryStyle, RequestInput } from './route';
export { SdkTransport, type SdkCallOptions as CallOptions, type Credential, type SdkOptions, type SecuritySchemes, type WithResponse } from './sdk';
export type { ErrorOf, SuccessBody, SuccessResult } from './types';
export { chooseRequestMediaType, encodeMultipart, isBinaryMedia, readEventStream, type ServerSentEvent } from './media';
export { declaredHeaders, readHeader, type HeaderKind, type HeaderValue, type ResponseHeaderTable } from './response-headers';
