package org.civcity.escalation.domain;

import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import org.civcity.shared.persistence.PublishedVersion;

/** One published version of the escalation ladder (its levels as JSON); appended, never changed. */
@Entity
@Table(name = "ladder_version")
public class LadderVersion extends PublishedVersion {
}
