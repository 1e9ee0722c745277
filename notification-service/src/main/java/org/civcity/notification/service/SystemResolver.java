package org.civcity.notification.service;

import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** The operating system's name resolution, for the outbound policy. */
@DefaultBean
@ApplicationScoped
public class SystemResolver implements OutboundPolicy.Resolver {

    @Override
    public InetAddress[] resolve(String host) throws UnknownHostException {
        return InetAddress.getAllByName(host);
    }
}
