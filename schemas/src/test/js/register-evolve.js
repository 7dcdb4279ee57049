'use strict';
// Evolves a schema through the registry with @kafkajs/confluent-schema-registry: registers a first version,
// tries a second one that adds a required field (incompatible under BACKWARD), then one that adds a field
// with a default (compatible). Prints {"v1":{"id":..},"incompatible":{"status":..,"message":..},"v2":{"id":..},
// "latest":{"id":..}}.
// Usage: node register-evolve.js REGISTRY_URL SUBJECT [USER:PASSWORD]
const { SchemaType } = require('@kafkajs/confluent-schema-registry');
const { registry, result, run, log } = require('./common');

const [registryUrl, subject, userInfo] = process.argv.slice(2);

const base = { type: 'record', name: 'Reading', namespace: 'org.outagewatch.interop', fields: [{ name: 'value', type: 'double' }] };
const withRequired = { ...base, fields: [...base.fields, { name: 'unit', type: 'string' }] };
const withDefault = { ...base, fields: [...base.fields, { name: 'unit', type: 'string', default: 'ms' }] };

function avro(schema) {
  return { type: SchemaType.AVRO, schema: JSON.stringify(schema) };
}

run(async () => {
  const schemas = registry(registryUrl, userInfo);
  const v1 = await schemas.register(avro(base), { subject });
  let incompatible = null;
  try {
    await schemas.register(avro(withRequired), { subject });
  } catch (error) {
    incompatible = { status: error.status, name: error.name, message: error.message };
    log('the incompatible version was refused:', error.message);
  }
  const v2 = await schemas.register(avro(withDefault), { subject });
  const latestId = await schemas.getLatestSchemaId(subject);
  const decoded = await schemas.decode(await schemas.encode(v2.id, { value: 12.5, unit: 'ms' }));
  result({ v1, incompatible, v2, latest: { id: latestId }, decoded });
});
