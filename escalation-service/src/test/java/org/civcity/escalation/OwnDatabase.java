package org.civcity.escalation;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.List;
import java.util.Map;
import org.civcity.testsupport.InfrastructureResource;
import org.civcity.testsupport.OidcTestServer;

/**
 * The module's resources with a database of its own, for tests that leave what the other tests must not see (a
 * published ladder, a ledger of 100,000 records); Quarkus starts once more for the classes that use it.
 */
public class OwnDatabase implements QuarkusTestProfile {

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(InfrastructureResource.class, Map.of("database", "escalation_own",
                "runtime-role", "escalation_own_runtime")), new TestResourceEntry(OidcTestServer.class));
    }

    @Override
    public boolean disableGlobalTestResources() {
        return true;
    }
}
