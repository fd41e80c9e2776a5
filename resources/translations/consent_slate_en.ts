<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>ImportDialog</name>
    <message numerus="yes">
        <location filename="../../studio_app/ui/dialogs/import_dialog.py" line="+87"/>
        <source>%n WAV file(s) to import:</source>
        <translation>
            <numerusform>%n WAV file to import:</numerusform>
            <numerusform>%n WAV files to import:</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+97"/>
        <source>%n take(s) imported.</source>
        <translation>
            <numerusform>%n take imported.</numerusform>
            <numerusform>%n takes imported.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message numerus="yes">
        <location filename="../../studio_app/ui/main_window.py" line="+545"/>
        <source>Session default recorded: %n decision(s).</source>
        <translation>
            <numerusform>Session default recorded: %n decision.</numerusform>
            <numerusform>Session default recorded: %n decisions.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>RestrictionDialog</name>
    <message numerus="yes">
        <location filename="../../studio_app/ui/dialogs/restriction_dialog.py" line="+32"/>
        <source>Records &quot;Not authorized&quot; for every AI use, for the checked actors on %n selected take(s). Only the actor can grant a permission, on the talent screen.</source>
        <translation>
            <numerusform>Records &quot;Not authorized&quot; for every AI use, for the checked actors on %n selected take. Only the actor can grant a permission, on the talent screen.</numerusform>
            <numerusform>Records &quot;Not authorized&quot; for every AI use, for the checked actors on %n selected takes. Only the actor can grant a permission, on the talent screen.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TalentLaunchDialog</name>
    <message numerus="yes">
        <location filename="../../studio_app/ui/dialogs/talent_launch.py" line="+36"/>
        <source>The %n selected take(s)</source>
        <translation>
            <numerusform>The %n selected take</numerusform>
            <numerusform>The %n selected takes</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TalentScreen</name>
    <message numerus="yes">
        <location filename="../../studio_app/ui/talent/talent_screen.py" line="+256"/>
        <source>%n selected take(s)</source>
        <translation>
            <numerusform>%n selected take</numerusform>
            <numerusform>%n selected takes</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>and %n more</source>
        <translation>
            <numerusform>and %n more</numerusform>
            <numerusform>and %n more</numerusform>
        </translation>
    </message>
</context>
</TS>
