// The open-data API against its own OpenAPI document: the document validates as OpenAPI 3.1, and every
// response the tests receive validates against the schema the document gives for it.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Validator } from '@seriousme/openapi-schema-validator';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { startTestApp, type TestApp } from '../../test/support/app.ts';
import { testDialects } from '../../test/support/databases.ts';
import { FIXTURE } from '../../test/support/fixture.ts';

type Doc = { paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema: object }> }>; parameters?: { name: string; in: string }[] }>>; components?: { schemas?: Record<string, object> } };

for (const dialect of testDialects()) {
  describe(`open-data API on ${dialect}`, () => {
    let t: TestApp;
    let doc: Doc;
    let ajv: Ajv2020;
    before(async () => {
      t = await startTestApp(dialect, FIXTURE);
      doc = (await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json();
      ajv = new Ajv2020({ strict: false, allErrors: true });
      addFormats.default(ajv);
      ajv.addSchema({ $id: 'doc', components: doc.components ?? {} });
    });
    after(async () => {
      await t?.close();
    });

    function schemaFor(path: string, status: number): object {
      const op = doc.paths[path]?.get;
      assert.ok(op, `no GET ${path} in the document`);
      const schema = op.responses[String(status)]?.content?.['application/json']?.schema;
      assert.ok(schema, `no ${status} schema for ${path}`);
      // Point local component references at the registered document.
      return JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', '"doc#/components/'));
    }

    async function check(docPath: string, url: string, status = 200): Promise<any> {
      const res = await t.app.inject({ method: 'GET', url });
      assert.equal(res.statusCode, status, `${url}: ${res.body}`);
      assert.match(res.headers['content-type'] as string, /application\/json/);
      const validate = ajv.compile(schemaFor(docPath, status));
      const body = res.json();
      assert.ok(validate(body), `${url} does not match the document: ${ajv.errorsText(validate.errors)}`);
      return body;
    }

    test('the OpenAPI document is valid OpenAPI 3.1 and describes every API route with its filters', async () => {
      const result = await new Validator().validate(doc as never);
      assert.equal(result.valid, true, JSON.stringify(result.errors));
      assert.ok((doc as { openapi?: string }).openapi?.startsWith('3.1'));
      for (const p of ['/api/v1/initiatives', '/api/v1/initiatives/{id}', '/api/v1/organisations', '/api/v1/matrix', '/api/v1/measures']) assert.ok(doc.paths[p], p);
      const params = doc.paths['/api/v1/initiatives']!.get!.parameters!.map((p) => p.name).sort();
      assert.deepEqual(params, ['audience', 'measure', 'method', 'org', 'page', 'q', 'region', 'sector', 'sort']);
      assert.ok((doc as { info?: { license?: { name: string } } }).info?.license?.name.includes('公共データ利用規約'));
    });

    test('responses match the document, errors included', async () => {
      const list = await check('/api/v1/initiatives', '/api/v1/initiatives?audience=youth&audience=sme&sort=title');
      assert.equal(list.total, list.items.length);
      await check('/api/v1/initiatives/{id}', `/api/v1/initiatives/${list.items[0].id}`);
      await check('/api/v1/initiatives/{id}', '/api/v1/initiatives/777777', 404);
      await check('/api/v1/initiatives', '/api/v1/initiatives?audience=bogus', 400);
      await check('/api/v1/initiatives', '/api/v1/initiatives?page=99', 404);
      await check('/api/v1/organisations', '/api/v1/organisations');
      await check('/api/v1/matrix', '/api/v1/matrix?sector=public');
      await check('/api/v1/matrix', '/api/v1/matrix?region=99', 400);
      const measures = await check('/api/v1/measures', '/api/v1/measures');
      assert.equal(measures.items.find((m: { slug: string }) => m.slug === 'participation').initiativeCount, 4);
      assert.equal(measures.items.find((m: { slug: string }) => m.slug === 'sme-focus').parent, 'participation');
    });

    test('an unknown API path is a JSON 404', async () => {
      const res = await t.app.inject({ method: 'GET', url: '/api/v1/nothing-here' });
      assert.equal(res.statusCode, 404);
      assert.equal(res.json().error.code, 'not_found');
    });
  });
}
