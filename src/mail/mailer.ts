// Outgoing email. The app depends on this interface only; createMailer (mail/smtp.ts) gives the real one.
export interface MailMessage {
  to: string;
  subject: string;
  /** Plain text body; every message the portal sends is readable as plain text. */
  text: string;
  /** Extra headers, e.g. RFC 8058 List-Unsubscribe / List-Unsubscribe-Post on messages a person can stop. */
  headers?: Record<string, string>;
}

export interface Mailer {
  /** Resolves when the message was handed to the SMTP server (or logged); rejects on failure. */
  send(message: MailMessage): Promise<void>;
  close(): Promise<void>;
}
