import { Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { type SystemRole } from '@beseda/protocol';
import { UsersRepository } from '../../users/users.repository.js';

const REFRESH_MS = 30_000;
const none: ReadonlySet<string> = new Set();

/**
 * The role → permissions table, read from the database and kept in memory: it is consulted on
 * every request and changes rarely. An edit reaches every node within REFRESH_MS.
 */
@Injectable()
export class RolePermissions implements OnModuleInit, OnModuleDestroy {
  private byRole = new Map<string, Set<string>>();
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly users: UsersRepository) {}

  async onModuleInit() {
    await this.reload();
    this.timer = setInterval(() => void this.reload().catch(() => undefined), REFRESH_MS).unref();
  }

  onModuleDestroy() {
    clearInterval(this.timer);
  }

  async reload() {
    this.byRole = await this.users.permissionsByRole();
  }

  of(role: SystemRole): ReadonlySet<string> {
    return this.byRole.get(role) ?? none;
  }
}
