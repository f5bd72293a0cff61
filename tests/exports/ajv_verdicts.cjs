// Compile a JSON Schema with ajv (draft 2020-12, strict mode, ajv-formats) and judge documents.
// Usage: node ajv_verdicts.cjs SCHEMA.json DOCUMENTS.json
// DOCUMENTS.json holds a JSON array of JSON texts; each is parsed with JSON.parse, as a web app
// reads it. Prints a JSON array of booleans, one per document, or exits 1 with ajv's error when
// the schema does not compile.
"use strict";
const fs = require("fs");
const Ajv2020 = require("ajv/dist/2020");
const addFormats = require("ajv-formats");

const ajv = new Ajv2020({ strict: true, allErrors: true });
addFormats(ajv);
let validate;
try {
  validate = ajv.compile(JSON.parse(fs.readFileSync(process.argv[2], "utf8")));
} catch (error) {
  process.stderr.write(`ajv (strict) cannot compile the schema: ${error.message}\n`);
  process.exit(1);
}
const texts = JSON.parse(fs.readFileSync(process.argv[3], "utf8"));
process.stdout.write(JSON.stringify(texts.map((text) => validate(JSON.parse(text)))) + "\n");
