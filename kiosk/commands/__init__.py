"""The core's own `kiosk` subcommands (config, doctor, backup, audit, operators,
catalog, identity, cases, report). Each module has a light `register(subparsers)`;
heavy imports go inside the handlers."""
