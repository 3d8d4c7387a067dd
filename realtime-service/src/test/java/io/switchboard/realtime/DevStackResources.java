package io.switchboard.realtime;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.switchboard.devstack.DevStackTestResource;
import io.switchboard.devstack.JwtTestResource;

/**
 * Every test of this module runs against a real Kafka broker from devstack (the chat events
 * topic), accepts tokens minted by devstack's TestTokens, and talks to the chat-service stub in
 * test sources.
 */
@QuarkusTestResource(value = DevStackTestResource.class, initArgs = @ResourceArg(name = "postgres", value = "false"))
@QuarkusTestResource(JwtTestResource.class)
public class DevStackResources {
}
