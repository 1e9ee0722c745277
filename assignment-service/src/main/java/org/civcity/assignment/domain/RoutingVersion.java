package org.civcity.assignment.domain;

import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import org.civcity.shared.persistence.PublishedVersion;

/** One published version of the routing data (directory, township areas, sites, matrix); appended, never changed. */
@Entity
@Table(name = "routing_version")
public class RoutingVersion extends PublishedVersion {
}
