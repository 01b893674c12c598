from taskmap.cli import main

main()
