// Validates the AsyncAPI document with the AsyncAPI parser (what the AsyncAPI CLI's validate runs), then checks
// every message example against its message's payload and headers schemas, which the parser does not. Any error or
// warning fails the build.
import { readFileSync } from 'node:fs';
import { Parser, DiagnosticSeverity } from '@asyncapi/parser';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';

const file = process.argv[2];
const parser = new Parser();
const { document, diagnostics } = await parser.parse(readFileSync(file, 'utf8'), { source: file });
const problems = diagnostics.filter(d => d.severity <= DiagnosticSeverity.Warning)
  .map(d => `${['error', 'warning'][d.severity]} ${d.code} at ${d.path.join('/')}: ${d.message}`);
for (const d of diagnostics.filter(d => d.severity > DiagnosticSeverity.Warning)) {
  console.log(`info ${d.code} at ${d.path.join('/')}: ${d.message}`);
}

// A multi-format schema object ({schemaFormat, schema}) as the parser returns it, or a plain schema.
function schemaOf(json) {
  return json && json.schemaFormat !== undefined && json.schema !== undefined ? json.schema : json;
}

if (document) {
  // The payload schemas are draft-07 (the messages' schemaFormat); the headers are AsyncAPI schemas, draft-07 too.
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  for (const message of document.messages()) {
    const payload = schemaOf(message.payload()?.json());
    const headers = schemaOf(message.headers()?.json());
    const examples = message.examples();
    if (examples.length === 0) {
      problems.push(`error message ${message.id()} has no example`);
    }
    for (const example of examples) {
      for (const [part, schema, value] of [['payload', payload, example.payload()],
        ['headers', headers, example.headers()]]) {
        if (!schema) {
          continue;
        }
        if (value === undefined) {
          problems.push(`error example ${example.name()} of ${message.id()} has no ${part}`);
          continue;
        }
        const validate = ajv.compile(schema);
        if (!validate(value)) {
          problems.push(`error example ${example.name()} of ${message.id()}: ${part} `
            + ajv.errorsText(validate.errors));
        }
      }
    }
  }
}

problems.forEach(p => console.log(p));
if (!document || problems.length > 0) {
  console.error(`${file}: ${problems.length} error(s) or warning(s)`);
  process.exit(1);
}
console.log(`${file}: valid AsyncAPI ${document.version()}, ${document.channels().length} channels, `
  + `${document.messages().length} messages, ${document.operations().length} operations, every example valid`);
