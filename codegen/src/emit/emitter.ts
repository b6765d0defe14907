export interface EmittedFile {
  /** Path relative to the service's output folder. */
  path: string;
  content: string;
}
