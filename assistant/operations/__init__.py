"""Running the app in production: health checks, backup and restore."""
