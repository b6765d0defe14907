/**
 * One openapi-generator batch config per (language, service). Names follow each ecosystem's
 * conventions; every package's version is the spec's info.version, so an SDK release is a spec
 * release. Why each option is set is written down in codegen/partner-sdks/README.md.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { CONFIG_DIR, type Language, type SdkService } from './paths';

export interface BatchConfig {
  generatorName: string;
  inputSpec: string;
  outputDir: string;
  templateDir?: string;
  additionalProperties: Record<string, string | boolean>;
  openapiNormalizer?: Record<string, string>;
  globalProperties?: Record<string, string>;
  gitHost?: string;
  gitUserId?: string;
  gitRepoId?: string;
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** Settings each language needs whatever the service. */
const COMMON: Record<Language, Omit<BatchConfig, 'inputSpec' | 'outputDir' | 'additionalProperties'>> = {
  python: { generatorName: 'python' },
  // The module path (marquee.dev/sdk-go/<service>) comes from these top-level settings, not from additionalProperties.
  go: { generatorName: 'go', gitHost: 'marquee.dev', gitUserId: 'sdk-go' },
  java: { generatorName: 'java' },
};

function languageProperties(lang: Language, service: SdkService, version: string): Record<string, string | boolean> {
  switch (lang) {
    case 'python':
      return {
        packageName: `marquee_${service}`,
        projectName: `marquee-${service}`,
        packageVersion: version,
      };
    case 'go':
      return {
        packageName: service,
        packageVersion: version,
        // Enum constants are package-level in Go: without the type prefix, QueryField.birthYear
        // and SampleField.birthYear both become BIRTH_YEAR and the package does not compile.
        enumClassPrefix: true,
      };
    case 'java':
      return {
        groupId: 'dev.marquee.sdk',
        artifactId: `marquee-${service}`,
        artifactVersion: version,
        invokerPackage: `dev.marquee.sdk.${service}`,
        apiPackage: `dev.marquee.sdk.${service}.api`,
        modelPackage: `dev.marquee.sdk.${service}.model`,
        artifactDescription: `Marquee ${capitalise(service)} API client`,
        hideGenerationTimestamp: true,
        // Optional arrays stay absent when unset, instead of being sent as [] (AudienceQuery.breakdowns).
        containerDefaultToNull: true,
      };
  }
}

/** The batch config for one SDK; `spec` is the pre-processed bundled spec. */
export function batchConfig(args: { lang: Language; service: SdkService; version: string; spec: string; out: string }): BatchConfig {
  const { lang, service, version, spec, out } = args;
  const templates = resolve(CONFIG_DIR, 'templates', lang);
  return {
    ...COMMON[lang],
    ...(lang === 'go' ? { gitRepoId: service } : {}),
    inputSpec: spec,
    outputDir: out,
    ...(existsSync(templates) ? { templateDir: templates } : {}),
    additionalProperties: {
      // Response models keep fields they do not know (in an additional-properties map) instead of
      // failing: together with prepare-spec.ts this lets an older SDK read a newer minor version.
      disallowAdditionalPropertiesIfNotPresent: false,
      ...languageProperties(lang, service, version),
    },
    // No generated test stubs or docs folders: the smoke tests are ours, the docs are the API reference.
    globalProperties: { apiTests: 'false', modelTests: 'false' },
  };
}
