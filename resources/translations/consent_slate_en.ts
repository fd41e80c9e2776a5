<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>ExportDialog</name>
    <message numerus="yes">
        <location filename="../../studio_app/ui/dialogs/export_dialog.py" line="+220"/>
        <source>Only the %n selected take(s) of session “%1”</source>
        <translation>
            <numerusform>Only the %n selected take of session “%1”</numerusform>
            <numerusform>Only the %n selected takes of session “%1”</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>not all %n of its takes.</source>
        <translation>
            <numerusform>not all %n of its takes.</numerusform>
            <numerusform>not all %n of its takes.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+4"/>
        <source>%n take(s) of session “%1”.</source>
        <translation>
            <numerusform>%n take of session “%1”.</numerusform>
            <numerusform>%n takes of session “%1”.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+67"/>
        <source>The recipient must honour the terms of %n grant(s) in these files:</source>
        <translation>
            <numerusform>The recipient must honour the terms of %n grant in these files:</numerusform>
            <numerusform>The recipient must honour the terms of %n grants in these files:</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+23"/>
        <source>Ready: %n take(s) may leave for this purpose.</source>
        <translation>
            <numerusform>Ready: %n take may leave for this purpose.</numerusform>
            <numerusform>Ready: %n takes may leave for this purpose.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>Ready: %n take(s) may leave for this purpose</source>
        <translation>
            <numerusform>Ready: %n take may leave for this purpose</numerusform>
            <numerusform>Ready: %n takes may leave for this purpose</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%n left out, listed below with why.</source>
        <translation>
            <numerusform>%n left out, listed below with why.</numerusform>
            <numerusform>%n left out, listed below with why.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>Export blocked: %n take(s) may not leave for this purpose.</source>
        <translation>
            <numerusform>Export blocked: %n take may not leave for this purpose.</numerusform>
            <numerusform>Export blocked: %n takes may not leave for this purpose.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="-32"/>
        <location line="+82"/>
        <source>… and %n more</source>
        <translation>
            <numerusform>… and %n more</numerusform>
            <numerusform>… and %n more</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+97"/>
        <source>Delivered %n file(s) to %1.</source>
        <translation>
            <numerusform>Delivered %n file to %1.</numerusform>
            <numerusform>Delivered %n files to %1.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ImportDialog</name>
    <message numerus="yes">
        <location filename="../../studio_app/ui/dialogs/import_dialog.py" line="+89"/>
        <source>%n WAV file(s) to import:</source>
        <translation>
            <numerusform>%n WAV file to import:</numerusform>
            <numerusform>%n WAV files to import:</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+79"/>
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
        <location filename="../../studio_app/ui/main_window.py" line="+493"/>
        <source>%n take(s), %1 pending</source>
        <translation>
            <numerusform>%n take, %1 pending</numerusform>
            <numerusform>%n takes, %1 pending</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+146"/>
        <source>Labelled %n take(s).</source>
        <translation>
            <numerusform>Labelled %n take.</numerusform>
            <numerusform>Labelled %n takes.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+133"/>
        <source>Session default recorded: %n decision(s).</source>
        <translation>
            <numerusform>Session default recorded: %n decision.</numerusform>
            <numerusform>Session default recorded: %n decisions.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+166"/>
        <source>Recovered %n unfinished take(s).</source>
        <translation>
            <numerusform>Recovered %n unfinished take.</numerusform>
            <numerusform>Recovered %n unfinished takes.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>OutdatedDeliveriesDialog</name>
    <message numerus="yes">
        <location filename="../../studio_app/ui/dialogs/deliveries_dialog.py" line="+120"/>
        <source>%n earlier delivery(ies) carry a decision that has changed since. Their files stay as delivered; export corrected copies and tell the recipient.</source>
        <translation>
            <numerusform>%n earlier delivery carries a decision that has changed since. Its files stay as delivered; export corrected copies and tell the recipient.</numerusform>
            <numerusform>%n earlier deliveries carry a decision that has changed since. Their files stay as delivered; export corrected copies and tell the recipient.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+86"/>
        <source>Corrected copies of %n take(s) written to %1, for %2 to %3; the outdated delivery is marked as corrected by them.</source>
        <translation>
            <numerusform>Corrected copy of %n take written to %1, for %2 to %3; the outdated delivery is marked as corrected by it.</numerusform>
            <numerusform>Corrected copies of %n takes written to %1, for %2 to %3; the outdated delivery is marked as corrected by them.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>RestrictionDialog</name>
    <message numerus="yes">
        <location filename="../../studio_app/ui/dialogs/restriction_dialog.py" line="+30"/>
        <source>Records &quot;Not authorized&quot; for every AI use, for the checked actors on %n selected take(s). Only the actor can grant a permission, on the talent screen.</source>
        <translation>
            <numerusform>Records &quot;Not authorized&quot; for every AI use, for the checked actors on %n selected take. Only the actor can grant a permission, on the talent screen.</numerusform>
            <numerusform>Records &quot;Not authorized&quot; for every AI use, for the checked actors on %n selected takes. Only the actor can grant a permission, on the talent screen.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SessionDefaultDialog</name>
    <message numerus="yes">
        <location filename="../../studio_app/ui/dialogs/session_default_dialog.py" line="+60"/>
        <source>%n take(s)</source>
        <translation>
            <numerusform>%n take</numerusform>
            <numerusform>%n takes</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%n actor(s)</source>
        <translation>
            <numerusform>%n actor</numerusform>
            <numerusform>%n actors</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%n decision(s)</source>
        <translation>
            <numerusform>%n decision</numerusform>
            <numerusform>%n decisions</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TalentLaunchDialog</name>
    <message numerus="yes">
        <location filename="../../studio_app/ui/dialogs/talent_launch.py" line="+40"/>
        <source>The %n selected take(s)</source>
        <translation>
            <numerusform>The %n selected take</numerusform>
            <numerusform>The %n selected takes</numerusform>
        </translation>
    </message>
</context>
</TS>
