from ibcmon.cli import main

main()
