/** The virtual module web/vite.config.ts builds from the bundled specs. */
declare module 'virtual:contracts' {
  import type { Schemas } from '@marquee/audience-sdk';
  import type { Schemas as CampaignSchemas } from '@marquee/campaigns-sdk';
  /** specs/audience/query-dsl.yaml, QueryField `x-fields`: per field, its value type, operators, values and key. */
  export const queryFields: Record<
    Schemas['QueryField'],
    {
      type: 'integer' | 'number' | 'string' | 'date';
      ops: Schemas['QueryOperator'][];
      enum?: string[];
      pattern?: string;
      format?: string;
      minimum?: number;
      maximum?: number;
      key?: { noun: string; enum?: string[]; format?: string };
    }
  >;
  /** specs/campaigns/openapi.yaml, Channel. */
  export const channels: CampaignSchemas['Channel'][];
}
