import { BadRequestException, ValidationPipe } from '@nestjs/common';

/** One pipe for every request body: whitelisted fields only, each error named in the user's terms. */
export const validationPipe = new ValidationPipe({
  whitelist: true,
  forbidNonWhitelisted: true,
  exceptionFactory: (errors) => {
    const [first] = errors;
    const message = Object.values(first?.constraints ?? {})[0] ?? `${first?.property ?? 'body'} is invalid`;
    const [zh, en] = message.includes(' / ') ? message.split(' / ') : [message, message];
    return new BadRequestException({ code: 'REQUEST.INVALID', field: first?.property, zh, en });
  },
});
