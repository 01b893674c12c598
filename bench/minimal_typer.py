"""The baseline: a one-command Typer app that prints its argument."""

import typer

app = typer.Typer()


@app.command()
def main(name: str) -> None:
    print(name)


if __name__ == "__main__":
    app()
