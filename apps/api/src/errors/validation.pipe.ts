import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { badUserInput } from './api-error';

function messages(errors: ValidationError[], prefix = ''): { field: string; messages: string[] }[] {
  return errors.flatMap((error) => {
    const field = `${prefix}${error.property}`;
    const own = Object.values(error.constraints ?? {});
    const nested = messages(error.children ?? [], `${field}.`);
    return own.length > 0 ? [{ field, messages: own }, ...nested] : nested;
  });
}

/** class-validator on argument and input types; a failure is BAD_USER_INPUT listing each field's problems. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidUnknownValues: true,
    stopAtFirstError: false,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => {
      const fields = messages(errors);
      const summary = fields.flatMap((field) => field.messages).join('; ');
      return badUserInput(`Invalid input: ${summary}.`, { fields });
    },
  });
}
