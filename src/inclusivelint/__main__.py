from inclusivelint.cli import run

run()
