package org.civcity.shared.messaging;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.civcity.contracts.KafkaAccess;

/** The broker ACLs of one service, from its {@link KafkaAccess} grant alone (compose's setup, Strimzi's KafkaUser). */
public final class BrokerAccess {

    private BrokerAccess() {
    }

    /** The principal a service authenticates as. */
    public static String principal(String service) {
        return "User:" + service;
    }

    public static List<AclBinding> acls(KafkaAccess.Grant grant) {
        String principal = principal(grant.service());
        List<AclBinding> acls = new ArrayList<>();
        // Writing implies idempotent production (KIP-679); DESCRIBE lets the clients read the topic's metadata.
        for (String topic : grant.writes().stream().sorted().toList()) {
            acls.add(allow(principal, ResourceType.TOPIC, topic, PatternType.LITERAL, AclOperation.WRITE));
            acls.add(allow(principal, ResourceType.TOPIC, topic, PatternType.LITERAL, AclOperation.DESCRIBE));
        }
        for (String topic : grant.reads().stream().sorted().toList()) {
            acls.add(allow(principal, ResourceType.TOPIC, topic, PatternType.LITERAL, AclOperation.READ));
            acls.add(allow(principal, ResourceType.TOPIC, topic, PatternType.LITERAL, AclOperation.DESCRIBE));
        }
        acls.add(allow(principal, ResourceType.GROUP, grant.groupPrefix(), PatternType.PREFIXED, AclOperation.READ));
        return acls.stream().distinct().toList();
    }

    private static AclBinding allow(String principal, ResourceType type, String name, PatternType pattern,
            AclOperation operation) {
        return new AclBinding(new ResourcePattern(type, name, pattern),
                new AccessControlEntry(principal, "*", operation, AclPermissionType.ALLOW));
    }
}
