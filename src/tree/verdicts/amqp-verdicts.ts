import { shellQuote } from '../commands.js';
import type { Facts } from '../facts.js';
import { answerOf, clientAddressOf, serverAt } from './protocol-evidence.js';
import type { ServerRuleCommand } from './server-rule-command.js';

/**
 * The words of the verdicts an AMQP login ends in, for RabbitMQ (https://www.rabbitmq.com/docs/access-control,
 * https://www.rabbitmq.com/docs/vhosts): a refused login, a vhost that does not exist, a user without permissions
 * on the vhost. The protocol verdicts call these for `amqp`; the commands are rabbitmqctl's, run on the broker.
 */

/** The vhost the login asked for: the URL's path, percent-decoded; `/` when the URL names none. */
export const vhostOf = (facts: Facts): string => facts.protocol?.database || '/';
const userOf = (facts: Facts): string => (facts.protocol?.userGiven ? facts.protocol.user! : 'your_user');
const rabbitmqctl = (...args: string[]) => `sudo rabbitmqctl ${args.map(shellQuote).join(' ')}`;
const said = (facts: Facts): string => {
  const message = answerOf(facts)?.message;
  return message ? ` It said: "${message.slice(0, 200).replace(/\.$/, '')}".` : '';
};
/** Full permissions on the vhost; the patterns (configure, write, read) can be narrowed to the app's own names. */
const grant = (facts: Facts) => rabbitmqctl('set_permissions', '-p', vhostOf(facts), userOf(facts), '.*', '.*', '.*');

/** Whether the broker answered the login on the vhost (530), after it had accepted the user name and password. */
export const refusedAtOpen = (facts: Facts): boolean =>
  facts.protocol?.protocol === 'amqp' && answerOf(facts)?.answer === 'close-530';

/** authentication-failed: what to check on the broker. */
export function amqpLoginSteps(facts: Facts): string[] {
  const user = userOf(facts);
  const client = clientAddressOf(facts);
  // RabbitMQ's default `loopback_users` lets `guest` in from localhost only, and refuses it elsewhere with the same 403.
  const guestFromAfar = user === 'guest' && client !== '127.0.0.1' && client !== '::1';
  return [
    ...(guestFromAfar
      ? [
          `RabbitMQ lets the \`guest\` user log in only from localhost (\`loopback_users\`), with the same refusal as a wrong password: make a user of your own, \`${rabbitmqctl('add_user', 'app_user', '…')}\` (with its password for \`…\`), then \`${rabbitmqctl('set_permissions', '-p', vhostOf(facts), 'app_user', '.*', '.*', '.*')}\``,
        ]
      : []),
    `See whether the user exists: \`${rabbitmqctl('list_users')}\``,
    `Check the password on the broker: \`${rabbitmqctl('authenticate_user', user)}\` (it asks for the password; "Success" means it is right)`,
    `Set a new one if it is lost: \`${rabbitmqctl('change_password', user, '…')}\` (the new password for \`…\`), then update the URL`,
  ];
}

/** database-missing for AMQP: the vhost asked for does not exist. */
export function amqpVhostMissing(facts: Facts) {
  const vhost = vhostOf(facts);
  return {
    title: `${serverAt(facts)} has no virtual host "${vhost}"`,
    summary:
      `The connection worked, and the broker accepted the user name and password from the URL. It then refused to ` +
      `open the virtual host (vhost) "${vhost}": no vhost of that name exists on this broker. The vhost is the URL's ` +
      'path, percent-decoded and case-sensitive; the default vhost "/" is written `%2f` (`amqp://host/%2f`) or left ' +
      `out.${said(facts)}`,
    nextSteps: [
      `List the vhosts: \`${rabbitmqctl('list_vhosts')}\``,
      `Create it if it should exist: \`${rabbitmqctl('add_vhost', vhost)}\`, then let the user in: \`${grant(facts)}\``,
      'Or correct the vhost in the URL (its path) to one the list shows',
    ],
  };
}

/** server-rejects-client for AMQP: the login worked, and the user has no permissions on the vhost. */
export function amqpVhostRefused(facts: Facts) {
  const vhost = vhostOf(facts);
  const user = userOf(facts);
  return {
    title: `${serverAt(facts)} lets "${user}" log in, but not into virtual host "${vhost}"`,
    summary:
      `The connection worked, and the broker accepted the user name and password from the URL. It then refused to ` +
      `open the virtual host (vhost) "${vhost}" for this user: "${user}" has no permissions there. The password is ` +
      `right, so changing it will not help; the broker's permissions have to name this user on this vhost.${said(facts)}`,
    nextSteps: [
      `Give the user permissions on the vhost: \`${grant(facts)}\` (configure, write and read patterns: narrow them to the app's own exchanges and queues)`,
      `See who may use the vhost: \`${rabbitmqctl('list_permissions', '-p', vhost)}\`, and where this user may go: \`${rabbitmqctl('list_user_permissions', user)}\``,
    ],
  };
}

/**
 * server-connection-limit for AMQP: RabbitMQ refuses Connection.Open once the vhost's or the user's `max-connections`
 * is reached (its text says which: "access to vhost … connection limit (N)" or "User connection limit (N)").
 */
export function amqpConnectionLimitSteps(facts: Facts): string[] {
  const vhost = vhostOf(facts);
  const user = userOf(facts);
  return [
    `See the limits: \`${rabbitmqctl('list_vhost_limits', '-p', vhost)}\` and \`${rabbitmqctl('list_user_limits', '--user', user)}\``,
    `See who holds the connections: \`${rabbitmqctl('list_connections', 'user', 'vhost', 'peer_host')}\``,
    `Raise the limit (or close the connections a client leaks): \`${rabbitmqctl('set_vhost_limits', '-p', vhost, '{"max-connections": 256}')}\`, or for the user \`${rabbitmqctl('set_user_limits', user, '{"max-connections": 256}')}\``,
  ];
}

/** The command that shows, on the broker, the rule behind an AMQP verdict; null where none does. */
export function amqpRuleCommand(facts: Facts): ServerRuleCommand | null {
  const reason = answerOf(facts)?.reason;
  const vhost = vhostOf(facts);
  const user = userOf(facts);
  switch (reason) {
    case 'authentication-failed':
      return {
        command: rabbitmqctl('authenticate_user', user),
        lookFor: `"Success" once you type the password from the URL; an error says the broker refuses it (\`${rabbitmqctl('list_users')}\` shows whether "${user}" exists)`,
      };
    case 'database-missing':
      return {
        command: rabbitmqctl('list_vhosts'),
        lookFor: `"${vhost}" exactly (names are case-sensitive; the default is "/"); missing means it has to be created or the URL corrected`,
      };
    case 'server-rejects-client':
      return refusedAtOpen(facts)
        ? {
            command: rabbitmqctl('list_permissions', '-p', vhost),
            lookFor: `a line for "${user}": none means the user may not use this vhost`,
          }
        : null;
    default:
      return null;
  }
}
