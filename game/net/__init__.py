"""The online duet's link: messages, the connection to the partner and finding duets on the LAN.

An adapter like the others: it knows the network, never the screen; the team rules stay in core.
"""
