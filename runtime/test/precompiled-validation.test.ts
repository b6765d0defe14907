/** The generated request validators check formats exactly as the validator's own request Ajv does, and answer as its middleware does. */
import { OpenApiValidator } from 'express-openapi-validator/dist/openapi.validator';
import { RequestValidator } from 'express-openapi-validator/dist/middlewares/openapi.request.validator';
import { requestFormats } from '../precompiled-validators';
import { validatorOptions } from '../src/fast/compiled-validation';
import { requestValidators } from '../../generated/catalog/validators.gen';
import spec from '../../generated/catalog/openapi.json';

test('Given the validator options the runtime uses, Then requestFormats holds the very formats of the validator’s request Ajv', () => {
  const options = validatorOptions(spec, false);
  const eov = new OpenApiValidator(options);
  const live = (new RequestValidator(structuredClone(spec) as never, eov.ajvOpts.request) as unknown as { ajv: { formats: Record<string, unknown> } }).ajv.formats;
  expect(Object.keys(requestFormats).sort()).toEqual(Object.keys(live).sort());
  for (const [name, format] of Object.entries(live)) {
    expect([name, requestFormats[name]]).toEqual([name, format]);
  }
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
