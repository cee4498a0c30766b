import { Controller, Get, Patch, Put, Req } from '@nestjs/common';
import {
  ActivityListSchema,
  ErrorCode,
  MeSchema,
  PublicUserSchema,
  UpdateMeRequestSchema,
  UpdateStatusRequestSchema,
  UserListSchema,
} from '@beseda/protocol';
import { type FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError } from '../../common/errors/app-error.js';
import { Endpoint, ValidBody, ValidParams, ValidQuery } from '../../common/http/endpoint.decorator.js';
import { connectionIdOf, requestContext } from '../../common/http/request-context.js';
import { CurrentPrincipal, type Principal } from '../auth/guard/principal.js';
import { ActivityPageQuerySchema, ActivityService } from '../activity/activity.service.js';
import { UsersService } from './users.service.js';

const DirectoryQuerySchema = z.strictObject({
  q: z.string().trim().max(100).default(''),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  /** Comma-separated: fetch these people in one request (at most 100) instead of searching. */
  ids: z
    .string()
    .transform((value) => [...new Set(value.split(',').filter(Boolean))])
    .pipe(z.array(z.uuid()).min(1).max(100))
    .optional(),
});
const UserIdSchema = z.strictObject({ id: z.uuid() });

@Controller('api/v1')
export class UsersController {
  constructor(
    private readonly users: UsersService,
    private readonly activity: ActivityService,
  ) {}

  @Get('me')
  @Endpoint({
    summary: 'The signed-in account, with private fields and permissions',
    tags: ['me'],
    response: MeSchema,
  })
  me(@CurrentPrincipal() principal: Principal) {
    return this.users.me(principal);
  }

  @Patch('me')
  @Endpoint({
    summary: 'Change profile fields: display name, username, about, time zone, language, e-mail digest',
    tags: ['me'],
    body: UpdateMeRequestSchema,
    response: MeSchema,
    errors: { 409: 'auth.username_taken' },
  })
  updateMe(
    @CurrentPrincipal() principal: Principal,
    @ValidBody() body: z.output<typeof UpdateMeRequestSchema>,
    @Req() request: FastifyRequest,
  ) {
    return this.users.updateProfile(principal, body, requestContext(request), connectionIdOf(request));
  }

  @Put('me/status')
  @Endpoint({
    summary: 'Set the chosen presence (online, away, do not disturb, invisible) and custom status',
    tags: ['me'],
    body: UpdateStatusRequestSchema,
    response: MeSchema,
  })
  updateStatus(
    @CurrentPrincipal() principal: Principal,
    @ValidBody() body: z.output<typeof UpdateStatusRequestSchema>,
  ) {
    return this.users.updateStatus(principal, body);
  }

  @Get('users')
  @Endpoint({
    summary: 'Search the people directory by name or username, or fetch several people by id',
    description:
      'Searching needs users.read. Without it (guests), `ids` still answers for the people who share a chat ' +
      'with the caller, so a guest sees who writes in the chats they were let into.',
    tags: ['users'],
    query: DirectoryQuerySchema,
    response: UserListSchema,
    errors: { 403: 'auth.forbidden (searching without users.read)' },
  })
  async directory(
    @CurrentPrincipal() principal: Principal,
    @ValidQuery() query: z.output<typeof DirectoryQuerySchema>,
  ) {
    return { items: await this.users.directory(principal, query.q, query.limit, query.ids) };
  }

  @Get('users/:id')
  @Endpoint({
    summary: "A person's public profile",
    description: 'Without users.read (guests): only people who share a chat with the caller.',
    tags: ['users'],
    params: UserIdSchema,
    response: PublicUserSchema,
    errors: { 404: 'user.not_found' },
  })
  profile(@CurrentPrincipal() principal: Principal, @ValidParams() params: z.output<typeof UserIdSchema>) {
    return this.users.publicProfile(principal, params.id);
  }

  @Get('me/activity')
  @Endpoint({
    summary: 'My account history: sign-ins, security and profile changes, newest first',
    tags: ['me'],
    query: ActivityPageQuerySchema,
    response: ActivityListSchema,
  })
  myActivity(
    @CurrentPrincipal() principal: Principal,
    @ValidQuery() query: z.output<typeof ActivityPageQuerySchema>,
  ) {
    return this.activity.page(principal.userId, query);
  }

  @Get('users/:id/activity')
  @Endpoint({
    summary: "Anyone's account history (administrators)",
    tags: ['users'],
    permissions: ['activity.read_any'],
    params: UserIdSchema,
    query: ActivityPageQuerySchema,
    response: ActivityListSchema,
    errors: { 404: 'user.not_found' },
  })
  async userActivity(
    @ValidParams() params: z.output<typeof UserIdSchema>,
    @ValidQuery() query: z.output<typeof ActivityPageQuerySchema>,
  ) {
    if (!(await this.users.exists(params.id)))
      throw new AppError(ErrorCode.userNotFound, 404, 'No such user');
    return this.activity.page(params.id, query);
  }
}
