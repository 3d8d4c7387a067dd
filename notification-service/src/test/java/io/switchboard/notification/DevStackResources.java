package io.switchboard.notification;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.switchboard.devstack.DevStackTestResource;
import io.switchboard.devstack.JwtTestResource;

/**
 * Every test of this module runs against real PostgreSQL (database "notifications") and Kafka
 * from devstack, and accepts tokens minted by devstack's TestTokens.
 */
@QuarkusTestResource(value = DevStackTestResource.class, initArgs = @ResourceArg(name = "database", value = "notifications"))
@QuarkusTestResource(JwtTestResource.class)
public class DevStackResources {
}
