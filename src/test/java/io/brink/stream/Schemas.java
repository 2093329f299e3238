package io.brink.stream;

import io.brink.record.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Validates records against the JSON Schemas in schemas/. */
final class Schemas {

    private Schemas() {
    }

    static void assertValid(String schema, String json) {
        try {
            JsonSchema s = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                    .getSchema(Files.readString(Path.of("schemas", schema + ".schema.json")));
            JsonNode node = Json.mapper().readTree(json);
            Set<ValidationMessage> errors = s.validate(node);
            assertTrue(errors.isEmpty(), schema + ": " + errors + " in " + json);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
