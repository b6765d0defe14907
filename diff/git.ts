// Entry for the generator's up-to-date check (codegen/src/cli.ts runs on every `make generate`):
// the git helpers alone, without loading the engine, its rule tables or the spec loader.
export { BaseTrees, GitError, serviceTags, tryGit } from './src/git';
