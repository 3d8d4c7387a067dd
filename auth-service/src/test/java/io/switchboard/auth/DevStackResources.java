package io.switchboard.auth;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.switchboard.devstack.DevStackTestResource;

/** Every test of this module runs against real PostgreSQL (database "auth") and Kafka from devstack. */
@QuarkusTestResource(value = DevStackTestResource.class, initArgs = @ResourceArg(name = "database", value = "auth"))
public class DevStackResources {
}
