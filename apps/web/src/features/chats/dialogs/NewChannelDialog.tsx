import { CreateChatRequestSchema } from '@beseda/protocol';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { isApiError } from '../../../api/api-error';
import {
  type FieldErrors,
  formErrorsFrom,
  type FormErrors,
  noFormErrors,
  validateFields,
} from '../../../components/forms/form-errors';
import { Alert } from '../../../components/ui/Alert';
import { Button } from '../../../components/ui/Button';
import { TextField } from '../../../components/ui/fields';
import { describeChatError } from '../chat-errors';
import { useCreateChat } from '../chats.api';
import { Modal } from './Modal';

type Field = 'name' | 'topic';
const fields: readonly Field[] = ['name', 'topic'];

/** Creates a public or private channel and opens it. */
export function NewChannelDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const create = useCreateChat();
  const [name, setName] = useState('');
  const [topic, setTopic] = useState('');
  const [type, setType] = useState<'channel' | 'private'>('channel');
  const [errors, setErrors] = useState<FormErrors<Field>>(noFormErrors);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const body = { type, name: name.trim(), topic: topic.trim() || undefined, memberIds: [] };
    const invalid: FieldErrors<Field> | null = validateFields(t, CreateChatRequestSchema, body, { fields });
    if (invalid) {
      setErrors({ fields: invalid, form: null });
      return;
    }
    setErrors(noFormErrors);
    create.mutate(body, {
      onSuccess: (chat) => {
        onClose();
        void navigate(`/chats/${chat.id}`);
      },
      onError: (error) =>
        setErrors(
          formErrorsFrom(t, error, {
            fields,
            messages: isApiError(error) ? { [error.code]: describeChatError(t, error) } : {},
          }),
        ),
    });
  };

  return (
    <Modal title={t('chats.newChannel.title')} onClose={onClose} testId="new-channel-dialog">
      <form noValidate onSubmit={submit} className="space-y-4">
        {errors.form && <Alert tone="error">{errors.form}</Alert>}
        <TextField
          label={t('chats.newChannel.name')}
          value={name}
          maxLength={80}
          required
          error={errors.fields.name}
          onChange={(event) => setName(event.target.value)}
          placeholder={t('chats.newChannel.namePlaceholder')}
          data-autofocus
        />
        <TextField
          label={t('chats.newChannel.topic')}
          hint={t('chats.newChannel.topicHint')}
          value={topic}
          maxLength={250}
          error={errors.fields.topic}
          onChange={(event) => setTopic(event.target.value)}
        />
        <fieldset>
          <legend className="mb-1.5 text-sm font-medium text-slate-800">
            {t('chats.newChannel.visibility')}
          </legend>
          <div className="space-y-2">
            {(['channel', 'private'] as const).map((option) => (
              <label
                key={option}
                className={`flex cursor-pointer gap-3 rounded-md border p-3 text-sm ${type === option ? 'border-brand-500 bg-brand-50' : 'border-slate-200 hover:bg-slate-50'}`}
              >
                <input
                  type="radio"
                  name="visibility"
                  value={option}
                  checked={type === option}
                  onChange={() => setType(option)}
                  className="mt-0.5 accent-brand-600"
                />
                <span>
                  <span className="block font-medium text-slate-900">{t(`chats.newChannel.${option}`)}</span>
                  <span className="block text-slate-600">{t(`chats.newChannel.${option}Hint`)}</span>
                </span>
              </label>
            ))}
          </div>
        </fieldset>
        <div className="flex flex-col-reverse gap-2 pt-1 sm:flex-row sm:justify-end">
          <Button variant="secondary" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" pending={create.isPending}>
            {t('chats.newChannel.create')}
          </Button>
        </div>
      </form>
    </Modal>
  );
}
