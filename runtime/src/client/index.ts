export { HttpClient, UpstreamUnavailableError } from './http-client';
export type { ApiResult, CallerContext, CallOptions, ClientCredentials, ClientOptions, HeaderKind, OperationRoute, OperationTable, QueryStyle } from './http-client';
export type { Principal, PrincipalKind } from '../auth/principal';
export type { RouteSecurity, RouteSecurityScheme } from '../auth/authenticator';
