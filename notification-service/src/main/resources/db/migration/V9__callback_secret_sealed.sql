-- Callback signing secrets are stored sealed (AES-256-GCM, "v1:" and base64), never in clear; rows from before are
-- sealed when the service starts.
ALTER TABLE callback_subscription ALTER COLUMN secret TYPE VARCHAR(200);
COMMENT ON COLUMN callback_subscription.secret IS 'sealed with notification.callbacks.encryption-key (CallbackSecrets)';
