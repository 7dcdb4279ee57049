package org.outagewatch.schemas.registry.server;

import com.fasterxml.jackson.databind.ObjectMapper;

/** The one JSON mapper of the registry server. */
final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }
}
