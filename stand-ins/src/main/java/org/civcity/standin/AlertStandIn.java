package org.civcity.standin;

/**
 * The alert stand-in as a program, for the compose stack: listens on all interfaces of its container (port 8099, or the
 * first argument), prints every alert and lists them at {@code GET /received}.
 */
public final class AlertStandIn {

    private AlertStandIn() {
    }

    public static void main(String[] args) throws InterruptedException {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 8099;
        AlertReceiver receiver = AlertReceiver.start("0.0.0.0", port);
        receiver.onReceive(alert -> System.out.printf("ALERT %s %s (delivery %s)%n%s%n", alert.path(),
                alert.eventType(), alert.deliveryId(), alert.body()));
        System.out.printf("Alert stand-in listening on port %d; GET /received lists what arrived%n", port);
        Thread.currentThread().join();
    }
}
