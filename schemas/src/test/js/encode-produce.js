'use strict';
// Registers the Avro schema in SCHEMA_FILE under TOPIC-value with @kafkajs/confluent-schema-registry, encodes
// every object of the JSON array in VALUES_FILE with it (Confluent wire format) and produces them to TOPIC
// with kafkajs, keyed by their "probeId". Prints {"schemaId":N,"offsets":[...]}.
// Usage: node encode-produce.js BROKERS REGISTRY_URL TOPIC SCHEMA_FILE VALUES_FILE
const fs = require('fs');
const { SchemaType } = require('@kafkajs/confluent-schema-registry');
const { kafka, registry, result, run, log } = require('./common');

const [brokers, registryUrl, topic, schemaFile, valuesFile] = process.argv.slice(2);

run(async () => {
  const schemas = registry(registryUrl);
  const { id } = await schemas.register(
    { type: SchemaType.AVRO, schema: fs.readFileSync(schemaFile, 'utf8') },
    { subject: `${topic}-value` },
  );
  const values = JSON.parse(fs.readFileSync(valuesFile, 'utf8'));
  const messages = [];
  for (const value of values) {
    messages.push({ key: value.probeId, value: await schemas.encode(id, value) });
  }
  const producer = kafka(brokers).producer();
  await producer.connect();
  const sent = await producer.send({ topic, messages, acks: -1 });
  await producer.disconnect();
  log(`produced ${messages.length} records to ${topic} with schema id ${id}`);
  result({ schemaId: id, offsets: sent.map((r) => r.baseOffset) });
});
