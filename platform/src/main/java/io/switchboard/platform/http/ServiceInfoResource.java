package io.switchboard.platform.http;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.switchboard.contracts.ServiceInfo;

/** {@code GET /} on every service: its name and version (quarkus.application.name and .version). */
@Path("/")
public class ServiceInfoResource {

    private final ServiceInfo info;

    public ServiceInfoResource(@ConfigProperty(name = "quarkus.application.name") String name,
                               @ConfigProperty(name = "quarkus.application.version") String version) {
        this.info = new ServiceInfo(name, version);
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public ServiceInfo info() {
        return info;
    }
}
