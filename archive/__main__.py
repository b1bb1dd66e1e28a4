from archive.cli import cli

cli()
