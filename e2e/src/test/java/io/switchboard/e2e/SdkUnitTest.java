package io.switchboard.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The TypeScript client's unit tests ({@code node --test}: seq tracking, repeats, gaps, backoff,
 * tokens, and its event types and close codes against docs/asyncapi.yaml), run in the build so
 * that a failure fails it. No services needed.
 */
class SdkUnitTest {

    @Test
    void theClientsUnitTestsPass() {
        var dir = ClientSdk.build();
        var run = ClientSdk.run(dir, 120, "npm", "test");
        assertThat(run.code()).as(run.output()).isZero();
        assertThat(run.output()).contains("# fail 0");
    }
}
