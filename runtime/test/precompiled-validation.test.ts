/** The generated request validators check formats exactly as the validator's own request Ajv does, and answer as its middleware does. */
import { OpenApiValidator } from 'express-openapi-validator/dist/openapi.validator';
import { RequestValidator } from 'express-openapi-validator/dist/middlewares/openapi.request.validator';
import { requestFormats } from '../precompiled-validators';
import { formatsFor, REQUEST_FORMAT_MODE } from '../src/fast/precompiled-types';
import { validatorOptions } from '../src/fast/compiled-validation';
import { requestValidators } from '../../generated/catalog/validators.gen';
import spec from '../../generated/catalog/openapi.json';

/** The formats a live validator's request Ajv holds when built with these options. */
function liveFormats(options: ReturnType<typeof validatorOptions>): Record<string, unknown> {
  const eov = new OpenApiValidator(options);
  return (new RequestValidator(structuredClone(spec) as never, eov.ajvOpts.request) as unknown as { ajv: { formats: Record<string, unknown> } }).ajv.formats;
}

test('Given the validator options the runtime uses, Then their format mode is REQUEST_FORMAT_MODE and requestFormats holds the very formats of the validator’s request Ajv', () => {
  const options = validatorOptions(spec, false);
  expect(options.ajvFormats).toEqual({ mode: REQUEST_FORMAT_MODE });
  const live = liveFormats(options);
  expect(Object.keys(requestFormats).sort()).toEqual(Object.keys(live).sort());
  for (const [name, format] of Object.entries(live)) {
    expect([name, requestFormats[name]]).toEqual([name, format]);
  }
});

test.each(['fast', 'full'] as const)('Given format mode %s, Then formatsFor gives the formats a validator in that mode holds (the date format differs between them)', (mode) => {
  const live = liveFormats({ ...validatorOptions(spec, false), ajvFormats: { mode } });
  const formats = formatsFor(mode);
  expect(Object.keys(formats).sort()).toEqual(Object.keys(live).sort());
  for (const [name, format] of Object.entries(live)) {
    expect([name, formats[name]]).toEqual([name, format]);
  }
  expect(formats.date).not.toBe(formatsFor(mode === 'full' ? 'fast' : 'full').date);
});

test('Given the generated catalog validators, Then every operation is precompiled for requests without a body, and for JSON where it takes a body', () => {
  const ops = requestValidators.operations;
  expect(Object.keys(ops).length).toBe(Object.keys(spec.paths).reduce((n, p) => n + Object.keys((spec.paths as Record<string, object>)[p]!).filter((m) => m !== 'parameters').length, 0));
  expect(Object.keys(ops.createFilm!.byContentType)).toEqual(['application/json']);
  expect(Object.keys(ops.getFilm!.byContentType)).toEqual(['not_provided']);
  const { general } = ops.getFilm!.byContentType.not_provided!;
  expect(general({ query: {}, headers: {}, params: { filmId: 'not-a-uuid' } })).toBe(false);
  expect(general.errors).toEqual([expect.objectContaining({ instancePath: '/params/filmId', keyword: 'format', message: 'must match format "uuid"' })]);
});
