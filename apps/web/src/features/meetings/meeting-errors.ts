import { ErrorCode } from '@beseda/protocol';
import type { TFunction } from 'i18next';
import { isApiError } from '../../api/api-error';
import { describeApiError } from '../../components/forms/form-errors';
import { type MediaProblem } from './call/local-media';

/** One sentence for a failed meeting action: the meeting domain's codes first, then the common ones. */
export function describeMeetingError(t: TFunction, error: unknown): string {
  if (isApiError(error)) {
    switch (error.code) {
      case ErrorCode.meetingNotFound:
        return t('meetings.errors.notFound');
      case ErrorCode.meetingWrongPasscode:
        return t('meetings.errors.wrongPasscode');
      case ErrorCode.meetingClosed:
        return t('meetings.errors.closed');
      case ErrorCode.meetingNotAllowed:
        return t('meetings.errors.notAllowed');
      case ErrorCode.meetingSfuRequired:
        return t('meetings.errors.full');
      case ErrorCode.meetingParticipantNotFound:
        return t('meetings.errors.participantGone');
      case ErrorCode.meetingHostOnly:
        return t('meetings.errors.hostOnly');
    }
  }
  return describeApiError(t, error);
}

export function describeMediaProblem(t: TFunction, problem: MediaProblem): string {
  switch (problem) {
    case 'denied':
      return t('meetings.media.denied');
    case 'notFound':
      return t('meetings.media.notFound');
    case 'inUse':
      return t('meetings.media.inUse');
    case 'unsupported':
      return t('meetings.media.unsupported');
  }
}
