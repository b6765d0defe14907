export { HttpClient, UpstreamUnavailableError } from './http-client';
export type { ApiResult, CallOptions, ClientOptions, OperationRoute, OperationTable, QueryStyle } from './http-client';
