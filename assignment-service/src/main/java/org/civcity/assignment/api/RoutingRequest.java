package org.civcity.assignment.api;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.civcity.assignment.routing.RoutingTable;

/** Routing data to check or publish, in the bundled file's shape, with the document it comes from. */
public record RoutingRequest(
        @NotBlank @Size(max = 500) String source,
        @NotNull @Valid RoutingTable.Data routing) {
}
