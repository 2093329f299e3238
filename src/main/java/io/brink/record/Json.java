package io.brink.record;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;

/**
 * The one JSON mapper of Brink's wire types (Jackson, with Optional support: an empty Optional field is
 * left out of the record). Thread-safe once built; never reconfigured after class initialization.
 */
public final class Json {

    private static final ObjectMapper MAPPER = new ObjectMapper().registerModule(new Jdk8Module());

    private Json() {
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }
}
