import { z } from 'zod';
import { confirmEmail } from './templates/confirm-email.js';
import { type MailLanguage, type RenderedMail, renderLayout } from './templates/layout.js';
import { messageDigest } from './templates/message-digest.js';
import { passwordChanged } from './templates/password-changed.js';
import { registrationAttempt } from './templates/registration-attempt.js';
import { resetPassword } from './templates/reset-password.js';
import { type MailTemplateDefinition } from './templates/template.js';

export { escapeHtml, type MailLanguage, type RenderedMail } from './templates/layout.js';
export { DIGEST_MAX_ITEMS, type DigestChat, type MessageDigestData } from './templates/message-digest.js';

export const mailLanguages = ['ru', 'en'] as const satisfies readonly MailLanguage[];

const definitions = {
  'confirm-email': confirmEmail,
  'reset-password': resetPassword,
  'registration-attempt': registrationAttempt,
  'password-changed': passwordChanged,
  'message-digest': messageDigest,
};

const variant = <Name extends keyof typeof definitions>(template: Name) =>
  z.object({ template: z.literal(template), data: definitions[template].data });

/** Every e-mail Beseda sends: the template's name and the data it is rendered with. */
export const MailTemplateSchema = z.discriminatedUnion('template', [
  variant('confirm-email'),
  variant('reset-password'),
  variant('registration-attempt'),
  variant('password-changed'),
  variant('message-digest'),
]);

export type MailTemplate = z.infer<typeof MailTemplateSchema>;
export type MailTemplateName = MailTemplate['template'];
export type MailTemplateData<Name extends MailTemplateName> = Extract<
  MailTemplate,
  { template: Name }
>['data'];

/** Renders one e-mail's subject, plain text and HTML; throws when the data does not fit the template. */
export function renderMail<Name extends MailTemplateName>(
  template: Name,
  language: MailLanguage,
  data: MailTemplateData<Name>,
): RenderedMail {
  return renderTemplate(MailTemplateSchema.parse({ template, data }), language);
}

export function renderTemplate(mail: MailTemplate, language: MailLanguage): RenderedMail {
  // The schema paired the name with its data; TypeScript cannot follow that through the lookup.
  const definition = definitions[mail.template] as MailTemplateDefinition<z.ZodType<typeof mail.data>>;
  return renderLayout(definition.content[language](mail.data), language);
}
