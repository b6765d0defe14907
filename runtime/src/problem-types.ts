/** RFC 9457 problem details, as declared in specs/common/components.yaml. */
export interface FieldError {
  location: 'body' | 'query' | 'path' | 'header';
  /** RFC 6901 pointer within the location ('' for the whole body). */
  pointer: string;
  detail: string;
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  requestId?: string;
  errors?: FieldError[];
}

export const PROBLEM_BASE = 'https://marquee.dev/problems/';
