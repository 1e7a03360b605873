"""The classroom (issue 12, docs/classroom.md): one Council played by a class over the local
network. `room` holds a class's Session, seats, tokens and deadlines without any network;
`server` serves rooms over WebSockets; `client` is the headless client the game's remote
screens and the tests build on; `protocol` is what they share. No pygame here."""

from game.classroom.protocol import VERSION, ClassError

__all__ = ["VERSION", "ClassError"]
