package org.outagewatch.deploy.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.outagewatch.deploy.console.ConsoleFormat;
import org.outagewatch.schemas.Incident;

/** What a webhook receives for one incident event. */
public enum WebhookFormat {
    /** The incident as one JSON object: {@code "type": "incident"} and every field of the Avro record (as {@code watch --json}). */
    JSON {
        @Override
        public String body(final Incident incident) {
            return ConsoleFormat.incidentJson(incident);
        }
    },
    /** Slack's incoming-webhook payload (also taken by Mattermost, Rocket.Chat, Discord's /slack endpoint): {@code {"text": ...}}. */
    SLACK {
        @Override
        public String body(final Incident incident) {
            final ObjectNode node = MAPPER.createObjectNode();
            node.put("text", ConsoleFormat.plain().incidentBlock(incident, true));
            try {
                return MAPPER.writeValueAsString(node);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("Cannot write the Slack payload", e);
            }
        }
    };

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** The request body for {@code incident}. */
    public abstract String body(Incident incident);
}
